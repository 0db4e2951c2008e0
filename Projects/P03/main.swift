P03Command.main()
