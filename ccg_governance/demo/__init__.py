"""Demo data: the story the product was conceived from (see ../shared/seeds/).

Northfield CCG re-procures community and out-of-hours services; its GP
federation, whose members are all its practices but one single-handed
practice, bids, so every GP on the governing body but one is conflicted.

Every builder is idempotent: it looks records up by a natural key and only
creates what is missing, so ``manage.py seed_demo`` can run on every start.
"""
