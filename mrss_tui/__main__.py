from mrss_tui.launch import main

main()
