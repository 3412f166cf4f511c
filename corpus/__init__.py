"""Reading policy documents as staff receive them and turning them into clean, citable clause trees.

Nothing here knows about indexes or user interfaces: the package returns our own models
(`Document`, `Clause`) and raises `PolicyKBError` subclasses whose messages name the file and
the next step.
"""

import logging

from policykb.corpus.errors import PolicyKBError, ReadError
from policykb.corpus.models import Clause, Document, ParseReport, Source

# the library's log says nothing unless someone listens (`policykb --debug`): without a handler, Python
# would print its warnings and tracebacks over the terminal app
logging.getLogger("policykb").addHandler(logging.NullHandler())

__all__ = ["Clause", "Document", "ParseReport", "PolicyKBError", "ReadError", "Source"]
