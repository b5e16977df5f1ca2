"""One router per resource: incidents (and the overview the page draws), documents, search,
and the HTML pages."""
