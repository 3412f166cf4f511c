"""The Textual app and the `policykb` command line: thin drivers over corpus/, kb/ and indexer/."""
