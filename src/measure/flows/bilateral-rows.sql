-- bilateral_flows.csv's rows (before disclosure control), in key order.
select origin, destination, year, grp as "group", moves, moves_weighted_origin, moves_weighted_destination
from tf_bilateral
order by origin collate "C", destination collate "C", year, grp
