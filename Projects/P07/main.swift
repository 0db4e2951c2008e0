await P07Command.main()
