"""AI Chef shared code: contracts, errors, ingredient knowledge and the pure domain logic of the three functions.

Deployed as the `SharedLayer` Lambda layer; installed into the project's virtualenv for tests and the local runner.
"""
