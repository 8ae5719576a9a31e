"""`python -m coopfound`: the same command line as `coopfound`."""

from coopfound.cli import main

main()
