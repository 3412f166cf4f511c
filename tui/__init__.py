"""The Textual app and the `policykb` command line: thin drivers over corpus/, kb/ and indexer/."""


def version() -> str:
    """The installed package's version (`policykb --version`, the app's help screen)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("policykb")
    except PackageNotFoundError:  # a source tree that was never installed
        return "未安装"
