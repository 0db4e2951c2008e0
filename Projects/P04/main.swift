P04Command.main()
