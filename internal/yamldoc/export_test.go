package yamldoc

// The differential checks, for the external test that runs them over
// every document of the repository.
var (
	CheckAgreesWithParse    = checkAgreesWithParse
	ComposeAgreesWithYAMLv3 = composeAgreesWithYAMLv3
)
