# The peer in R: data.table for reading and aggregating, estimatr::lm_robust for the focus
# country's yearly AI wage premium (firm clusters, se_type = "stata", fixed effects
# absorbed), from the clean tables bench/peers.bench.ts exports, by the definitions of
# docs/methods.md. Reading and computing are timed apart.
# usage: Rscript estimatr_peer.R IN_DIR OUT_DIR YEAR_FROM YEAR_TO FOCUS
suppressPackageStartupMessages({ library(data.table); library(estimatr) })
a <- commandArgs(trailingOnly = TRUE)
indir <- a[1]; outdir <- a[2]; y0 <- as.integer(a[3]); y1 <- as.integer(a[4]); focus <- a[5]
now <- function() as.numeric(Sys.time())

t <- now()
pos <- fread(file.path(indir, "positions.csv"), colClasses = list(character = c("country", "rcid", "role", "industry", "seniority")),
             na.strings = "")
users <- fread(file.path(indir, "users.csv"), colClasses = list(character = "highest_degree"), na.strings = NULL)
t_read <- now() - t

t <- now()
pos[, startdate := as.IDate(startdate)][, enddate := as.IDate(enddate)]
setorder(pos, uid, startdate, pid_rank)
pos <- users[pos, on = "uid"]
pos[is.na(ai), ai := 0L]
pos[, exp := as.numeric(startdate - min(startdate)) / 365.25, by = uid]
prim <- rbindlist(lapply(y0:y1, function(y) {
  ye <- as.IDate(sprintf("%d-12-31", y))
  act <- pos[startdate <= ye & (is.na(enddate) | enddate >= ye)]
  act[act[, .I[.N], by = uid]$V1][, year := y]
}))
prim[, group := ifelse(ai == 1L, "ai", "non_ai")]
headcount <- prim[, .(persons = .N), by = .(country, year, group)]
t_hc <- now() - t

t1 <- now()
pos[, origin := shift(country), by = uid]
mv <- pos[!is.na(origin) & origin != country][, year := year(startdate)][year >= y0 & year <= y1]
mv[, group := ifelse(ai == 1L, "ai", "non_ai")]
flows <- merge(mv[, .(inflow = .N), by = .(country, year, group)],
               mv[, .(outflow = .N), by = .(country = origin, year, group)],
               by = c("country", "year", "group"), all = TRUE)
flows[is.na(inflow), inflow := 0L][is.na(outflow), outflow := 0L]
t_fl <- now() - t1

t1 <- now()
s <- prim[country == focus & salary > 0 & !is.na(exp)]
s[, ln_salary := log(salary)][, exp2 := exp^2]
s[is.na(seniority), seniority := "unknown"]
s[is.na(role), role := "<NA>"][is.na(industry), industry := "<NA>"]
s[, highest_degree := trimws(highest_degree)][is.na(highest_degree) | highest_degree == "", highest_degree := "unknown"]
s[, start_year := as.character(year(startdate))]
s[, cluster := ifelse(is.na(rcid), paste0("pid:", pid_rank), rcid)]
premium <- rbindlist(lapply(sort(unique(s$year)), function(y) {
  d <- s[year == y]
  if (length(unique(d$ai)) < 2) return(NULL)
  f <- lm_robust(ln_salary ~ ai + exp + exp2, data = d, clusters = cluster, se_type = "stata",
                 fixed_effects = ~ seniority + role + industry + highest_degree + start_year)
  data.table(year = y, estimate = unname(coef(f)["ai"]), se = unname(f$std.error["ai"]), n = nrow(d))
}))
t_pr <- now() - t1
t_compute <- now() - t

fwrite(headcount, file.path(outdir, "headcount.csv"))
fwrite(flows, file.path(outdir, "flows.csv"))
premium[, `:=`(estimate = sprintf("%.17g", estimate), se = sprintf("%.17g", se))]
fwrite(premium, file.path(outdir, "premium.csv"))
writeLines(sprintf('{"read": %.4f, "compute": %.4f, "headcount": %.4f, "flows": %.4f, "premium": %.4f, "positions": %d}',
                   t_read, t_compute, t_hc, t_fl, t_pr, nrow(pos)), file.path(outdir, "timings.json"))
