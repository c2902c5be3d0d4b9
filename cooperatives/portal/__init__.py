"""The producer portal: small, Thai-first web pages for members of producer groups.

Members log in, see their group's new orders with the time left to answer,
accept or decline each line, mark progress, send parcels with a tracking
number and read the history.  Pages are server-rendered HTML (no JavaScript
needed), made for a small phone screen and for people not used to computers.

Every read goes through ``cooperatives.selectors`` so a member only ever sees
their own groups' orders; every write is one call of ``cooperatives.services``
inside ``transaction.atomic``.
"""
