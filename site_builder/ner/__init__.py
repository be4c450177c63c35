"""Named-entity recognition of one article: rules, gazetteer, statistical tagger, CoNLL tools."""
