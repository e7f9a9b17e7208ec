from storage.datasette import METADATA_PATH

print(METADATA_PATH)
