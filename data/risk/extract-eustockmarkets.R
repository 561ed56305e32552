# Extracts R's datasets::EuStockMarkets (daily closing prices of DAX, SMI, CAC and FTSE, 1991-1998) to CSV.
# Run once from this folder: Rscript extract-eustockmarkets.R  (Debian: apt-get install r-base-core).
#
# The series is a ts object in business time (frequency 260, start c(1991, 130)): it carries no calendar dates, and
# weekends and holidays are omitted. The 'date' column written here is therefore a label, not the true trading date:
# observation i (0-based) is the i-th weekday counted from the 130th weekday of 1991 (Monday to Friday, holidays not
# skipped). It keeps the order and the spacing of one business day, which is all the backtest uses; see SOURCES.md.
x <- datasets::EuStockMarkets
stopifnot(frequency(x) == 260, all(start(x) == c(1991, 130)), !anyNA(x))
weekdays_from <- function(first, n) {
  d <- seq(first, by = "day", length.out = ceiling(n * 7 / 5) + 14)
  d <- d[!(as.POSIXlt(d)$wday %in% c(0, 6))]
  d[seq_len(n)]
}
jan1 <- as.Date("1991-01-01")
first <- weekdays_from(jan1, start(x)[2])[start(x)[2]]
dates <- weekdays_from(first, nrow(x))
out <- data.frame(date = format(dates, "%Y-%m-%d"), DAX = x[, "DAX"], SMI = x[, "SMI"], CAC = x[, "CAC"], FTSE = x[, "FTSE"])
write.csv(out, "eustockmarkets.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote %d rows, %s to %s\n", nrow(out), out$date[1], out$date[nrow(out)]))
