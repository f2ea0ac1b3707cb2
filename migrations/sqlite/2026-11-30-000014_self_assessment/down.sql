DROP TABLE index_self_links;
