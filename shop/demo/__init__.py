"""Demo data for HomeNet Thailand Brand: a realistic, fully invented catalog.

``data`` holds the content as plain Python data (producer groups, product lines,
pages); ``products`` expands the product lines into concrete products;
``images`` draws the pictures with Pillow; ``loader`` writes everything through
the ORM.  The ``populatedb`` management command is the entry point.

Every producer group, village, person, FDA number and street here is fictional.
"""
