"""Present: the incident timeline as exports, reports and the web app, from stored records."""
