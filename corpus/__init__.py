"""Reading policy documents as staff receive them and turning them into clean, citable clause trees.

Nothing here knows about indexes or user interfaces: the package returns our own models
(`Document`, `Clause`) and raises `PolicyKBError` subclasses whose messages name the file and
the next step.
"""

from corpus.errors import PolicyKBError, ReadError
from corpus.models import Clause, Document, ParseReport, Source

__all__ = ["Clause", "Document", "ParseReport", "PolicyKBError", "ReadError", "Source"]
