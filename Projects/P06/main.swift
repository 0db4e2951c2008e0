P06Command.main()
