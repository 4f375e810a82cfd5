package cluster

// The two round trips, for the tests that hold them equal.
var (
	RoundTripJSON  = roundTripJSON
	RoundTripTyped = roundTripTyped
)

// PodPlanError says why the typed round trip cannot take any pod; nil when
// it can.
func PodPlanError() error {
	_, err := podPlan()
	return err
}
