from coopfound.cli import main

main()
