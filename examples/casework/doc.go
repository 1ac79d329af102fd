// Command casework is a vendor's flow over a store, through package
// casework: the Habito social rental agency of Catania registers a private
// owner's dwelling (expression of interest, inspection, agreement at agreed
// rent within the local band), takes a family's referral with its
// assessment, decides, ranks, counts demand and offer, proposes the
// dwelling, gives the landlord the sustainability report, starts the lease
// (3+2 years), keeps the care plan and what is due, reviews, renews for a
// proven reason with its evidence and approver, records the exit, and
// prints the period's report. Each step prints one line.
//
//	go run ./examples/casework                              # a new SQLite file in a temporary folder
//	go run ./examples/casework -store sqlite:cases.db -lang it
//	go run ./examples/casework -store postgres:URL          # a migrated database, as a runtime login
//	go run ./examples/casework -store postgres:URL -migrate ADMIN_URL
//
// The store must not hold the example's records yet (tenant
// "habito-catania").
package main
