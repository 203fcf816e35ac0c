"""The render stage: Jinja2 templates, the theme, the sandbox, the timeline and tracker."""
