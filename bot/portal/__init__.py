"""The web app on port 8080: status and privacy pages now; chat proxy, widget and the
coach and staff portal as they are built."""
