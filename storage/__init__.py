"""renewals storage: models, migrations, deduplicating writes and queries."""
