package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SQL returns a DB over a database/sql handle (such as SQLite through
// modernc.org/sqlite). Each InTx runs in a transaction of db; opts, when
// not nil, are its options.
func SQL(db *sql.DB, opts *sql.TxOptions) DB { return sqlDB{db: db, opts: opts} }

type sqlDB struct {
	db   *sql.DB
	opts *sql.TxOptions
}

func (d sqlDB) InTx(ctx context.Context, fn func(Tx) error) (err error) {
	tx, err := d.db.BeginTx(ctx, d.opts)
	if err != nil {
		return fmt.Errorf("beginning a transaction: %w", err)
	}
	defer func() {
		if err != nil {
			if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("rolling back: %w", rerr))
			}
		}
	}()
	if err = fn(sqlTx{tx}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.ExecContext(ctx, query, args...)
	return err
}

func (t sqlTx) Int64s(ctx context.Context, query string, args ...any) ([]int64, error) {
	return scanAll[int64](ctx, t.tx, query, args)
}

func (t sqlTx) Strings(ctx context.Context, query string, args ...any) ([]string, error) {
	return scanAll[string](ctx, t.tx, query, args)
}

func scanAll[T any](ctx context.Context, tx *sql.Tx, query string, args []any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
