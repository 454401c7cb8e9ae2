"""Read: discover input files, decode them, and turn each into raw documents or rejects (`inputs`)."""
