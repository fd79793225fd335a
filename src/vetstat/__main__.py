from vetstat.cli import main

main()
