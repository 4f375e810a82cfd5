// Package suggest finds, for a name a user wrote, the known name they most
// likely meant: the "did you mean" of misspelt flags, fields and keys.
//
// It imports no other podctl package.
package suggest
