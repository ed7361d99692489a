import { Region } from '@mutuals/domain';

export interface Authority {
  code: string;
  name: string;
  region: Region;
}

/** English local authorities as they stood in 2014 (ONS codes), for the demo data. */
const BY_REGION: Record<string, string> = {
  'north-east': `
    E06000001 Hartlepool Borough Council; E06000002 Middlesbrough Council; E06000003 Redcar and Cleveland Borough Council;
    E06000004 Stockton-on-Tees Borough Council; E06000005 Darlington Borough Council; E06000047 Durham County Council;
    E06000057 Northumberland County Council; E08000021 Newcastle City Council; E08000022 North Tyneside Council;
    E08000023 South Tyneside Council; E08000024 Sunderland City Council; E08000037 Gateshead Council`,
  'north-west': `
    E06000006 Halton Borough Council; E06000007 Warrington Borough Council; E06000008 Blackburn with Darwen Borough Council;
    E06000009 Blackpool Council; E06000049 Cheshire East Council; E06000050 Cheshire West and Chester Council;
    E08000001 Bolton Council; E08000002 Bury Council; E08000003 Manchester City Council; E08000004 Oldham Council;
    E08000005 Rochdale Borough Council; E08000006 Salford City Council; E08000007 Stockport Metropolitan Borough Council;
    E08000008 Tameside Metropolitan Borough Council; E08000009 Trafford Council; E08000010 Wigan Council;
    E08000011 Knowsley Metropolitan Borough Council; E08000012 Liverpool City Council; E08000013 St Helens Council;
    E08000014 Sefton Council; E08000015 Wirral Council; E10000006 Cumbria County Council; E10000017 Lancashire County Council;
    E07000117 Burnley Borough Council; E07000123 Preston City Council; E07000128 Wyre Council`,
  'yorkshire-and-the-humber': `
    E06000010 Hull City Council; E06000011 East Riding of Yorkshire Council; E06000012 North East Lincolnshire Council;
    E06000013 North Lincolnshire Council; E06000014 City of York Council; E08000016 Barnsley Council;
    E08000017 Doncaster Council; E08000018 Rotherham Metropolitan Borough Council; E08000019 Sheffield City Council;
    E08000032 City of Bradford Metropolitan District Council; E08000033 Calderdale Council; E08000034 Kirklees Council;
    E08000035 Leeds City Council; E08000036 Wakefield Council; E10000023 North Yorkshire County Council;
    E07000165 Harrogate Borough Council; E07000166 Richmondshire District Council; E07000169 Selby District Council`,
  'east-midlands': `
    E06000015 Derby City Council; E06000016 Leicester City Council; E06000017 Rutland County Council;
    E06000018 Nottingham City Council; E10000007 Derbyshire County Council; E10000018 Leicestershire County Council;
    E10000019 Lincolnshire County Council; E10000021 Northamptonshire County Council; E10000024 Nottinghamshire County Council;
    E07000032 Amber Valley Borough Council; E07000035 Derbyshire Dales District Council; E07000131 Harborough District Council;
    E07000138 City of Lincoln Council; E07000150 Corby Borough Council; E07000173 Gedling Borough Council`,
  'west-midlands': `
    E06000019 Herefordshire Council; E06000020 Telford and Wrekin Council; E06000021 Stoke-on-Trent City Council;
    E06000051 Shropshire Council; E08000025 Birmingham City Council; E08000026 Coventry City Council;
    E08000027 Dudley Metropolitan Borough Council; E08000028 Sandwell Metropolitan Borough Council;
    E08000029 Solihull Metropolitan Borough Council; E08000030 Walsall Council; E08000031 City of Wolverhampton Council;
    E10000028 Staffordshire County Council; E10000031 Warwickshire County Council; E10000034 Worcestershire County Council;
    E07000192 Cannock Chase District Council; E07000218 North Warwickshire Borough Council; E07000236 Redditch Borough Council`,
  'east-of-england': `
    E06000031 Peterborough City Council; E06000032 Luton Borough Council; E06000033 Southend-on-Sea Borough Council;
    E06000034 Thurrock Council; E06000055 Bedford Borough Council; E06000056 Central Bedfordshire Council;
    E10000003 Cambridgeshire County Council; E10000012 Essex County Council; E10000015 Hertfordshire County Council;
    E10000020 Norfolk County Council; E10000029 Suffolk County Council; E07000008 Cambridge City Council;
    E07000070 Chelmsford City Council; E07000098 Hertsmere Borough Council; E07000148 Norwich City Council;
    E07000202 Ipswich Borough Council; E07000071 Colchester Borough Council`,
  london: `
    E09000001 City of London Corporation; E09000002 London Borough of Barking and Dagenham; E09000003 London Borough of Barnet;
    E09000004 London Borough of Bexley; E09000005 London Borough of Brent; E09000006 London Borough of Bromley;
    E09000007 London Borough of Camden; E09000008 London Borough of Croydon; E09000009 London Borough of Ealing;
    E09000010 London Borough of Enfield; E09000011 Royal Borough of Greenwich; E09000012 London Borough of Hackney;
    E09000013 London Borough of Hammersmith and Fulham; E09000014 London Borough of Haringey; E09000015 London Borough of Harrow;
    E09000016 London Borough of Havering; E09000017 London Borough of Hillingdon; E09000018 London Borough of Hounslow;
    E09000019 London Borough of Islington; E09000020 Royal Borough of Kensington and Chelsea;
    E09000021 Royal Borough of Kingston upon Thames; E09000022 London Borough of Lambeth; E09000023 London Borough of Lewisham;
    E09000024 London Borough of Merton; E09000025 London Borough of Newham; E09000026 London Borough of Redbridge;
    E09000027 London Borough of Richmond upon Thames; E09000028 London Borough of Southwark; E09000029 London Borough of Sutton;
    E09000030 London Borough of Tower Hamlets; E09000031 London Borough of Waltham Forest; E09000032 London Borough of Wandsworth;
    E09000033 Westminster City Council`,
  'south-east': `
    E06000035 Medway Council; E06000036 Bracknell Forest Council; E06000037 West Berkshire Council; E06000038 Reading Borough Council;
    E06000039 Slough Borough Council; E06000040 Royal Borough of Windsor and Maidenhead; E06000041 Wokingham Borough Council;
    E06000042 Milton Keynes Council; E06000043 Brighton and Hove City Council; E06000044 Portsmouth City Council;
    E06000045 Southampton City Council; E06000046 Isle of Wight Council; E10000002 Buckinghamshire County Council;
    E10000011 East Sussex County Council; E10000014 Hampshire County Council; E10000016 Kent County Council;
    E10000025 Oxfordshire County Council; E10000030 Surrey County Council; E10000032 West Sussex County Council;
    E07000178 Oxford City Council; E07000209 Guildford Borough Council; E07000223 Adur District Council;
    E07000112 Folkestone and Hythe District Council; E07000116 Tunbridge Wells Borough Council`,
  'south-west': `
    E06000022 Bath and North East Somerset Council; E06000023 Bristol City Council; E06000024 North Somerset Council;
    E06000025 South Gloucestershire Council; E06000026 Plymouth City Council; E06000027 Torbay Council;
    E06000028 Bournemouth Borough Council; E06000029 Borough of Poole; E06000030 Swindon Borough Council;
    E06000052 Cornwall Council; E06000053 Council of the Isles of Scilly; E06000054 Wiltshire Council;
    E10000008 Devon County Council; E10000009 Dorset County Council; E10000013 Gloucestershire County Council;
    E10000027 Somerset County Council; E07000040 East Devon District Council; E07000041 Exeter City Council;
    E07000078 Cheltenham Borough Council; E07000187 Mendip District Council`,
};

export const ENGLISH_AUTHORITIES: Authority[] = Object.entries(BY_REGION).flatMap(([region, list]) =>
  list
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [code, ...name] = entry.split(' ');
      return { code, name: name.join(' '), region: region as Region };
    }),
);
