// settle: the command line is Settlement.Cli.SettleApp (in-process tests drive it directly).
return Settlement.Cli.SettleApp.Run(args);
