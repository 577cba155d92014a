package campaign

// redisDB is the database of campaign's Redis tests. They share it with the
// store package's tests: neither runs asynq (whose keys cannot be
// prefixed), and every test keeps its keys under its own redistest.Prefix.
const redisDB = 1
