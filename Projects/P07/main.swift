P07Command.main()
