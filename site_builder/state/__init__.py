"""What persists between builds: the page planner and the per-article analysis cache."""
