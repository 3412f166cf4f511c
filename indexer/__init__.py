"""The library on disk, its search index, and answers.

This is the only package that imports jieba and Whoosh (in the index modules); callers get our
own models back.
"""
