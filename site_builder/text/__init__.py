"""Arabic text as pure functions: spelling folds, tokens and proclitics, search keys, slugs, dates."""
