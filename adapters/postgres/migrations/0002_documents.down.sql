-- Reverts 0002_documents.
DROP TABLE housingkit.documents;
