P01Command.main()
