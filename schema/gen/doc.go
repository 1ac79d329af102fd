// Command gen regenerates the committed JSON Schemas in the schema folder;
// run it with `go generate ./schema`.
package main
