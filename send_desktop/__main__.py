from send_desktop.cli import main

raise SystemExit(main())
