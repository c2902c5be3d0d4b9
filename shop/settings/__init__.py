"""Settings modules: ``dev`` (default, embedded services), ``test`` and ``production``."""
