from mrss_tui.cli import main

main()
