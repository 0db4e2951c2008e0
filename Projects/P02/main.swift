P02Command.main()
