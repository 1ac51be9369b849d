"""Infrastructure tests: the SAM template, the state machine definition, samconfig, SAM CLI builds and CI.

A package, so these modules never collide with same-named test modules elsewhere under tests/.
"""
