package matching

import "github.com/housingkit/housingkit/housing"

func (pr *problem) notYet() (solution, error) {
	return solution{}, housing.Errorf(housing.CodeInvalid, "matching.mechanism", "mechanism %q is not available yet", pr.opt.Mechanism)
}

func (pr *problem) solveSerial(fb *forbidden, order []int) (solution, error) { return pr.notYet() }
func (pr *problem) solveLottery(fb *forbidden) (solution, error)             { return pr.notYet() }
func (pr *problem) solveDeferred(fb *forbidden) (solution, error)            { return pr.notYet() }
