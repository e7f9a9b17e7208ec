"""SQL views for people who query the database directly

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

`facts_view` has one row per fact, `mentions_view` one row per source of a fact. Their
columns are a public interface (README, Datasette canned queries): add columns in a
later migration, never rename or remove them.

A later migration that rebuilds a table these views read (SQLite batch mode does for
most ALTERs) must drop the views first and create them again afterwards.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FACTS_VIEW = """
CREATE VIEW facts_view AS
SELECT
    f.id AS fact_id,
    s.id AS series_id,
    s.title AS series,
    f.platform AS platform,
    f.season AS season,
    f.status AS status,
    f.certainty AS certainty,
    f.episodes AS episodes,
    f.release AS release,
    f.first_reported AS first_reported,
    f.last_reported AS last_reported,
    (SELECT COUNT(*) FROM mentions m WHERE m.fact_id = f.id) AS source_count
FROM facts f
JOIN series s ON s.id = f.series_id
"""

MENTIONS_VIEW = """
CREATE VIEW mentions_view AS
SELECT
    m.id AS mention_id,
    f.id AS fact_id,
    s.title AS series,
    m.series_title AS series_as_written,
    f.season AS season,
    f.status AS status,
    m.certainty AS certainty,
    m.platform AS platform,
    m.episodes AS episodes,
    m.release AS release,
    m.published AS published,
    a.url AS url,
    a.title AS article_title,
    a.site AS site,
    a.lang AS lang,
    m.evidence AS evidence
FROM mentions m
JOIN facts f ON f.id = m.fact_id
JOIN series s ON s.id = f.series_id
JOIN articles a ON a.id = m.article_id
"""


def upgrade() -> None:
    op.execute(FACTS_VIEW)
    op.execute(MENTIONS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS mentions_view")
    op.execute("DROP VIEW IF EXISTS facts_view")
