import Form from 'next/form';
import Link from 'next/link';
import type { SortedErrors } from '@/lib/api-errors';
import { DEFAULT_SORT, TICKET_SORTS, type TicketSearch } from '@/lib/ticket-search';
import { FieldError, FormErrors, fieldProps } from './form-errors';

/**
 * The home page's search: a GET form to `/`, so without JavaScript the browser puts it in the URL and the server
 * renders the result; with JavaScript, next/form does the same navigation without reloading the page. Every
 * field starts from the URL, so the form always shows the search on screen. Submitting starts a new walk (no
 * cursor).
 */
export function SearchForm({
  search,
  errors,
  canClear,
}: {
  search: TicketSearch;
  errors: SortedErrors;
  canClear: boolean;
}) {
  const { byField, general } = errors;
  return (
    <Form action="/" role="search" aria-label="Search tickets" className="search card">
      <div className="field search__q">
        <label htmlFor="q">Search</label>
        <input
          id="q"
          name="q"
          type="search"
          maxLength={100}
          defaultValue={search.q}
          placeholder="Artist, team, venue…"
          {...fieldProps('q', byField.q)}
        />
        <FieldError id="q-error" message={byField.q} />
      </div>
      <fieldset className="search__prices">
        <legend>Price (USD)</legend>
        <PriceInput name="minPrice" label="From" value={search.minPrice} error={byField.minPrice} />
        <PriceInput name="maxPrice" label="To" value={search.maxPrice} error={byField.maxPrice} />
        {/* Under both inputs, where a message has room. */}
        <FieldError id="minPrice-error" message={byField.minPrice} />
        <FieldError id="maxPrice-error" message={byField.maxPrice} />
      </fieldset>
      <div className="field search__sort">
        <label htmlFor="sort">Sort</label>
        <select
          id="sort"
          name="sort"
          defaultValue={search.sort ?? DEFAULT_SORT}
          {...fieldProps('sort', byField.sort)}
        >
          {TICKET_SORTS.map(({ value, label }) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <FieldError id="sort-error" message={byField.sort} />
      </div>
      <div className="search__actions">
        <button type="submit" className="button">
          Search
        </button>
        {canClear ? (
          <Link href="/" className="button button--secondary">
            Clear
          </Link>
        ) : null}
      </div>
      <FormErrors messages={general} />
    </Form>
  );
}

function PriceInput({
  name,
  label,
  value,
  error,
}: {
  name: string;
  label: string;
  value: string | undefined;
  error: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <div className="input-prefix">
        <span aria-hidden="true">$</span>
        <input
          id={name}
          name={name}
          type="number"
          inputMode="decimal"
          min="0"
          max="1000000"
          step="0.01"
          defaultValue={value}
          placeholder={label}
          {...fieldProps(name, error)}
        />
      </div>
    </div>
  );
}
