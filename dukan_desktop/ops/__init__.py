"""Running the app on a shop PC: logs, startup migrations, backups, one instance, self-test.

Qt-free: the UI (dukan_desktop/ui) and the `dukan` CLI both call in here.
"""
