DROP INDEX documents_ref;
DROP TABLE documents;
