from skillsync.cli import main

main()
