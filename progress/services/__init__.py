"""The writes of progress reporting, each a ``<thing>_<action>`` function in a transaction:
``rounds`` (preparing, opening and closing rounds, their sections and tasks), ``proposals`` (the
tasks a round being prepared is offered) and ``updates`` (an update's life)."""
