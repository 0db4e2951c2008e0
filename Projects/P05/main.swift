P05Command.main()
